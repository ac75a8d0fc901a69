CREATE TABLE `chat_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`lane` text NOT NULL,
	`kind` text NOT NULL,
	`incident_number` integer,
	`token` text NOT NULL,
	`payload` text NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`started_at` integer,
	`created_at` text NOT NULL,
	`failed_at` text,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `chat_outbox_lane` ON `chat_outbox` (`failed_at`,`platform`,`lane`,`id`);--> statement-breakpoint
CREATE INDEX `chat_outbox_kind` ON `chat_outbox` (`kind`,`incident_number`);