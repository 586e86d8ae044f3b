-- A secret vote's choices are no longer written anywhere: while the vote runs they are
-- counted in the memory of the process (meetings::ballot), and only the final counts
-- reach `poll`, when they identify no ballot. The table that held the running counts
-- goes; every stopped vote already has its counts frozen in `poll`. A vote still running
-- when this migration runs is made void when the app opens (its ballots cannot be
-- trusted to be secret, and the box that held them is gone).
DROP TRIGGER poll_tally_running;
DROP TABLE poll_tally;

-- How a stopped vote ended: counted; a secret vote with too few ballots for its counts
-- to be shown ('insufficient', no counts kept); a secret vote interrupted ('void').
ALTER TABLE poll ADD COLUMN outcome TEXT CHECK (outcome IN ('counted', 'insufficient', 'void'));
UPDATE poll SET outcome = 'counted' WHERE status <> 'started';
-- Counts are kept only when counted.
CREATE TRIGGER poll_outcome_counts BEFORE UPDATE OF outcome, yes, no, abstain ON poll
WHEN NEW.outcome IS NOT 'counted' AND (NEW.yes IS NOT NULL OR NEW.no IS NOT NULL OR NEW.abstain IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'poll: counts are kept only for a counted vote');
END;
