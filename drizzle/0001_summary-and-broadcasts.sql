CREATE TABLE `broadcasts` (
	`incident_number` integer NOT NULL,
	`platform` text NOT NULL,
	`room_id` text NOT NULL,
	`message_id` text NOT NULL,
	PRIMARY KEY(`incident_number`, `platform`, `room_id`),
	FOREIGN KEY (`incident_number`) REFERENCES `incidents`(`number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `incident_rooms` ADD `summary_message_id` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `route` text;