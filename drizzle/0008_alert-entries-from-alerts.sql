ALTER TABLE `alerts` ADD `fired_seq` integer;--> statement-breakpoint
-- Existing data: an alert_fired entry that says exactly what its alert row now derives (same
-- incident, time, recording time, source, wording; never edited, withdrawn or tied to a message)
-- becomes the row's own entry, keeping its id; anything else stays in timeline_entries as it is.
-- Identical entries of same-fingerprint alerts are paired one to one, in id order.
UPDATE `alerts` SET `fired_seq` = `pairs`.`entry_id`
FROM (
  SELECT `a`.`alert_id`, `t`.`id` AS `entry_id`
  FROM (
    SELECT *, row_number() OVER (
        PARTITION BY `incident_number`, `event`, `starts_at`, `received_at` ORDER BY `alert_id`
      ) AS `n`
    FROM (
      SELECT `id` AS `alert_id`, `incident_number`, `starts_at`, `received_at`,
        json_object('kind', 'alert_fired', 'alert', json_object(
          'source', `source`, 'fingerprint', `fingerprint`,
          'name', `base` || CASE WHEN coalesce(`instance`, '') <> '' THEN ' (' || `instance` || ')' ELSE '' END,
          'summary', coalesce(`summary`, `description`, `base`))) AS `event`
      FROM (
        SELECT `id`, `incident_number`, `source`, `fingerprint`, `starts_at`, `received_at`,
          coalesce(json_extract(`labels`, '$.alertname'), `fingerprint`) AS `base`,
          json_extract(`labels`, '$.instance') AS `instance`,
          json_extract(`annotations`, '$.summary') AS `summary`,
          json_extract(`annotations`, '$.description') AS `description`
        FROM `alerts`
        WHERE `incident_number` IS NOT NULL AND `fired_seq` IS NULL
      )
    )
  ) AS `a`
  JOIN (
    SELECT `id`, `incident_number`, `event`, `occurred_at`, `recorded_at`, row_number() OVER (
        PARTITION BY `incident_number`, `event`, `occurred_at`, `recorded_at` ORDER BY `id`
      ) AS `n`
    FROM `timeline_entries`
    WHERE `kind` = 'alert_fired' AND `ref` IS NULL AND `edited_at` IS NULL
      AND `withdrawn_at` IS NULL AND json_valid(`event`)
      AND `actor_id` = json_extract(`event`, '$.alert.source')
      AND `actor_name` = CASE `actor_id`
        WHEN 'alertmanager' THEN 'Alertmanager' WHEN 'grafana' THEN 'Grafana'
        WHEN 'pagerduty' THEN 'PagerDuty' WHEN 'generic' THEN 'Webhook' ELSE `actor_id` END
      AND `text` = 'Alert firing: ' || json_extract(`event`, '$.alert.name') || ' — '
        || json_extract(`event`, '$.alert.summary')
  ) AS `t`
    ON `t`.`incident_number` = `a`.`incident_number` AND `t`.`event` = `a`.`event`
    AND `t`.`occurred_at` = `a`.`starts_at` AND `t`.`recorded_at` = `a`.`received_at`
    AND `t`.`n` = `a`.`n`
) AS `pairs`
WHERE `alerts`.`id` = `pairs`.`alert_id`;
--> statement-breakpoint
DELETE FROM `timeline_entries`
WHERE `id` IN (SELECT `fired_seq` FROM `alerts` WHERE `fired_seq` IS NOT NULL);
