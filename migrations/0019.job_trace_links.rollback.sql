DROP TABLE job_trace_links;
