-- 0007: who makes an allegation, and through whom, as the source reports it.
ALTER TABLE allegations ADD COLUMN attribution TEXT CHECK (attribution IS NULL OR length(trim(attribution)) > 0);
