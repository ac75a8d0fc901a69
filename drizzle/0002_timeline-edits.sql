CREATE TABLE `timeline_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`text` text NOT NULL,
	`event` text NOT NULL,
	`replaced_at` text NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `timeline_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `timeline_entries` ADD `ref` text;--> statement-breakpoint
ALTER TABLE `timeline_entries` ADD `edited_at` text;--> statement-breakpoint
ALTER TABLE `timeline_entries` ADD `withdrawn_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_ref` ON `timeline_entries` (`incident_number`,`ref`);