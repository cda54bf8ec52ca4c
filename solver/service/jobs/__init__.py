"""Jobs run in worker processes: `pool.JobPool` (in the server) starts at most N at once,
`worker` (a process per job) runs one and writes its events and rota to the database."""
