-- wrk script for bench/loadtest.py: requests the paths listed one per line in the file
-- named by PATHS_FILE, in turn from a random start in each thread; counts every answer
-- that is not 2xx (wrk alone counts only socket errors and 4xx/5xx); prints one JSON line.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

next_path = 0
non2xx = 0

function init(args)
  next_path = math.random(#paths) - 1
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local not_2xx = 0
  for _, thread in ipairs(threads) do
    not_2xx = not_2xx + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.1f, "p99_ms": %.1f, "non_2xx": %d, ' ..
    '"socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, not_2xx, e.connect + e.read + e.write, e.timeout))
end
