CREATE TABLE `chat_state` (
	`platform` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`platform`, `key`)
);
