-- Creation maintains every index of tickets on each insert (docs/perf.md,
-- "Creation, second pass (28 November, evening)"). Two of them are the leading
-- column of a wider index of the reports (0012): tickets_report_due_first starts
-- with due_first_response, tickets_report_due_resolution with due_resolution, so
-- every range or equality on either column (the SLA job's window, the
-- unanswered list, the reports' SLA counts) is served by the wider one, and no
-- query orders by either column alone.
DROP INDEX tickets_due_first_response;
DROP INDEX tickets_due_resolution;
