-- Shared by the workload scripts: a monotonic clock, Parse headers, and the JSON line that done()
-- prints for bench/run.js ("BENCH {...}"). wrk runs one Lua state per thread; setup() numbers them.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")

local M = {}

-- Microseconds on CLOCK_MONOTONIC.
function M.now()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

function M.env(name)
  local value = os.getenv(name)
  if value == nil or value == "" then error(name .. " is not set") end
  return value
end

-- Headers as the Parse REST API takes them.
function M.headers(master)
  local h = {
    ["X-Parse-Application-Id"] = M.env("BENCH_APP_ID"),
    ["Content-Type"] = "application/json",
  }
  if master then h["X-Parse-Master-Key"] = M.env("BENCH_MASTER_KEY") end
  return h
end

local threads = {}

-- Numbers wrk's threads 0, 1, 2...: each thread's Lua state gets a global "id".
function M.setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local index = math.max(1, math.ceil(p / 100 * #sorted))
  return sorted[index]
end

-- Prints wrk's own counts, and when threads kept them, their flow counts and call latencies (µs).
function M.done(summary, latency)
  local flows, failures, samples, per_thread = 0, 0, {}, {}
  for _, thread in ipairs(threads) do
    local f = thread:get("flows")
    if f ~= nil then
      flows = flows + f
      failures = failures + thread:get("failures")
      table.insert(per_thread, f)
      for _, sample in ipairs(thread:get("samples")) do table.insert(samples, sample) end
    end
  end
  table.sort(samples)
  local e = summary.errors
  local fields = {
    string.format('"duration_us":%d', summary.duration),
    string.format('"requests":%d', summary.requests),
    string.format('"errors":%d', e.connect + e.read + e.write + e.status + e.timeout),
    string.format('"status_errors":%d', e.status),
  }
  if #per_thread > 0 then
    table.insert(fields, string.format('"flows":%d', flows))
    table.insert(fields, string.format('"flow_failures":%d', failures))
    table.insert(fields, string.format('"flows_per_thread":[%s]', table.concat(per_thread, ",")))
    table.insert(fields, string.format('"p50_us":%d', percentile(samples, 50)))
    table.insert(fields, string.format('"p99_us":%d', percentile(samples, 99)))
  else
    table.insert(fields, string.format('"p50_us":%d', latency:percentile(50)))
    table.insert(fields, string.format('"p99_us":%d', latency:percentile(99)))
  end
  io.write("BENCH {" .. table.concat(fields, ",") .. "}\n")
end

return M
