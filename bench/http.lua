-- wrk script for bench/http.sh: GET /api/search for each query of a list
-- (one URL-encoded query string per line), in turn, each connection
-- starting at its own place in the list; at the end, the figures as one
-- JSON line on stderr.
local targets = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(targets, "/api/search?" .. line) end
  end
  if #targets == 0 then error("no queries in " .. args[1]) end
  next_i = (id * 7919) % #targets
end

function request()
  next_i = next_i % #targets + 1
  return wrk.format("GET", targets[next_i])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.stderr:write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "non200": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.mean, latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end
