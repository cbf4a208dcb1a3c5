-- Signing-key rotation (SPEC 5.4). A key is published in the JWKS from the moment it is
-- stored, signs from activated_at (standby until then: published ahead, so that every
-- instance and relying party already knows it when it starts signing) and stops
-- signing at retired_at; it stays published one access-token lifetime after that.
-- Exactly one key is active at a time: keys change only under the signing-keys app lock.
-- private_key is NULL for a key given as PEM in warden.jwt.signing-key (it stays in the
-- operators' configuration, only its public half is shared here).
ALTER TABLE signing_keys ADD COLUMN activated_at TIMESTAMP(6) WITH TIME ZONE;
UPDATE signing_keys SET activated_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN private_key DROP NOT NULL;
