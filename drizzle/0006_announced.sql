ALTER TABLE `timeline_entries` ADD `announced_at` text;--> statement-breakpoint
UPDATE `timeline_entries` SET `announced_at` = `recorded_at`;
