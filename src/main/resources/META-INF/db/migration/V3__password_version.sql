-- Counts real password changes (not the rehash of the same password at login): a login
-- opens its session only if the version is still the one whose hash it verified.
ALTER TABLE users ADD COLUMN password_version INTEGER DEFAULT 0 NOT NULL;
