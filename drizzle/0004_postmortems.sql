CREATE TABLE `postmortems` (
	`incident_number` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`generated` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	FOREIGN KEY (`incident_number`) REFERENCES `incidents`(`number`) ON UPDATE no action ON DELETE no action
);
