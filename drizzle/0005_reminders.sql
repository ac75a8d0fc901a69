CREATE TABLE `reminders_sent` (
	`incident_number` integer NOT NULL,
	`key` text NOT NULL,
	`sent_at` text NOT NULL,
	PRIMARY KEY(`incident_number`, `key`),
	FOREIGN KEY (`incident_number`) REFERENCES `incidents`(`number`) ON UPDATE no action ON DELETE no action
);
