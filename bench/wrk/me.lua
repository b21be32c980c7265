-- Workload (a): GET /users/me, each connection cycling through the session tokens in BENCH_TOKENS
-- (a file, one token per line). Any answer but 200 counts as an error.
package.path = os.getenv("BENCH_LUA_PATH") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local requests = {}
local next_index = 0

function init(args)
  for token in io.lines(common.env("BENCH_TOKENS")) do
    local headers = common.headers(false)
    headers["Content-Type"] = nil
    headers["X-Parse-Session-Token"] = token
    table.insert(requests, wrk.format("GET", nil, headers))
  end
  next_index = id % #requests
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
