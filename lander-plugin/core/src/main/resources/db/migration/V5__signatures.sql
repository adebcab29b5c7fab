-- How each upload's OpenPGP signature was checked at intake ("signed by FPR (uid)" or "not verified …").
ALTER TABLE subticket ADD COLUMN signature VARCHAR(1024);
