-- britney hints of the ticket (a JSON list of hint lines) and its regression table (JSON, see TriggeredTable).
ALTER TABLE ticket ADD COLUMN hints VARCHAR(65536) DEFAULT '[]' NOT NULL;
ALTER TABLE ticket ADD COLUMN triggered_tests VARCHAR(1000000);
