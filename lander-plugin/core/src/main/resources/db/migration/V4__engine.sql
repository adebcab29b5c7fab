-- One engine behind every face: who lands a ticket, who is landing it now, and the row the
-- scheduler locks so that claims of every process on the database are serialised.
ALTER TABLE ticket ADD COLUMN origin VARCHAR(16) DEFAULT 'api' NOT NULL;
ALTER TABLE ticket ADD COLUMN landed_by VARCHAR(255);
ALTER TABLE ticket ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ticket_open ON ticket (status, current_workflow_step);

CREATE TABLE scheduler (
    id INT PRIMARY KEY,
    changed_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO scheduler (id) VALUES (1);
