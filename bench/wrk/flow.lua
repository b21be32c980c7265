-- Workloads (b) and (c): the tutorial's flow, one flow at a time per connection (run wrk with as
-- many threads as connections). A flow is requestSmsCode, then readSmsCode with the master key (the
-- benchmark's stand-in for the user reading the SMS), then signUpOrlogInWithMobilePhone.
--   BENCH_MODE=new    every flow uses a fresh number: +86139 <thread:2><run:1><n:5>
--   BENCH_MODE=login  existing users: the numbers in the file BENCH_PHONES, dealt out to the
--                     BENCH_THREADS threads (line i to thread i mod BENCH_THREADS), each cycling
--                     through its own, so no two connections share a number
--   BENCH_THREAD_BASE (optional) numbers this wrk's threads from it: several wrk, one per server
--                     process, share one numbering (the scale-out runs)
-- Latency samples are of the two calls a user waits for; a failed call ends the flow and counts it failed.
package.path = os.getenv("BENCH_LUA_PATH") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local json_headers, master_headers
local mode, run, thread
local mine = {}
local step, n, phone, code, started = 0, 0, nil, nil, 0
flows, failures, samples = 0, 0, {}

function init(args)
  json_headers = common.headers(false)
  master_headers = common.headers(true)
  mode = common.env("BENCH_MODE")
  run = tonumber(common.env("BENCH_RUN"))
  thread = id + tonumber(os.getenv("BENCH_THREAD_BASE") or "0")
  if run < 0 or run > 8 then error("BENCH_RUN must be 0 to 8 (9 numbers the set-up users)") end
  if mode == "login" then
    local threads = tonumber(common.env("BENCH_THREADS"))
    local i = 0
    for line in io.lines(common.env("BENCH_PHONES")) do
      if i % threads == thread then table.insert(mine, line) end
      i = i + 1
    end
    if #mine == 0 then error("no number for thread " .. thread .. ": fewer users than threads") end
  end
end

local function number_for(thread, run_digit, index)
  return string.format("+86139%02d%d%05d", thread, run_digit, index)
end

local function call(name, body, headers)
  return wrk.format("POST", wrk.path .. "functions/" .. name, headers, body)
end

function request()
  if step == 0 then
    if mode == "new" then
      phone = number_for(thread, run, n)
    else
      phone = mine[n % #mine + 1]
    end
    n = n + 1
    started = common.now()
    return call("requestSmsCode", '{"phoneNumber":"' .. phone .. '"}', json_headers)
  elseif step == 1 then
    return call("readSmsCode", '{"phoneNumber":"' .. phone .. '"}', master_headers)
  else
    started = common.now()
    return call("signUpOrlogInWithMobilePhone", '{"phoneNumber":"' .. phone .. '","code":"' .. code .. '"}', json_headers)
  end
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    step = 0
    return
  end
  if step == 0 then
    table.insert(samples, common.now() - started)
    step = 1
  elseif step == 1 then
    code = body:match('"result"%s*:%s*"(%d+)"')
    if code == nil then
      failures = failures + 1
      step = 0
    else
      step = 2
    end
  else
    if body:match('"result"%s*:%s*"r:') then
      table.insert(samples, common.now() - started)
      flows = flows + 1
    else
      failures = failures + 1
    end
    step = 0
  end
end
