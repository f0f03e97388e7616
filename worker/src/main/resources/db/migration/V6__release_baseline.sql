-- What ran before relman's first release on an environment, on that environment's one row of kind
-- 'baseline': {"versions": {service: tag or image reference}, "images": {service: image id}}.
ALTER TABLE releases ADD COLUMN adopted jsonb;
