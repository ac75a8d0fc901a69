CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`fingerprint` text NOT NULL,
	`group_key` text NOT NULL,
	`status` text NOT NULL,
	`labels` text NOT NULL,
	`annotations` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text,
	`generator_url` text,
	`incident_number` integer,
	`received_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`incident_number`) REFERENCES `incidents`(`number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_identity` ON `alerts` (`source`,`group_key`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `alerts_incident` ON `alerts` (`incident_number`);--> statement-breakpoint
CREATE TABLE `incident_rooms` (
	`platform` text NOT NULL,
	`room_id` text NOT NULL,
	`incident_number` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`platform`, `room_id`),
	FOREIGN KEY (`incident_number`) REFERENCES `incidents`(`number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_rooms_incident` ON `incident_rooms` (`incident_number`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`number` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`severity` integer NOT NULL,
	`status` text NOT NULL,
	`private` integer DEFAULT false NOT NULL,
	`service` text,
	`group_key` text,
	`roles` text NOT NULL,
	`declared_by` text,
	`opened_at` text NOT NULL,
	`acknowledged_at` text,
	`mitigated_at` text,
	`resolved_at` text,
	`closed_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `incidents_group_key` ON `incidents` (`group_key`,`status`);--> statement-breakpoint
CREATE TABLE `timeline_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_number` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` text NOT NULL,
	`occurred_at_ms` integer NOT NULL,
	`recorded_at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`text` text NOT NULL,
	`event` text NOT NULL,
	FOREIGN KEY (`incident_number`) REFERENCES `incidents`(`number`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_order` ON `timeline_entries` (`incident_number`,`occurred_at_ms`,`id`);