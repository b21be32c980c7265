-- The object workloads, as a client app sends them: the application id only (no session token, no
-- master key), on objects without an ACL (public). bench/run.js seeds the classes first.
--   BENCH_MODE=create   POST classes/BenchItem: {name, score, owner}, the owner drawn from BENCH_OWNERS.
--                       Its score is negative, below every query's range, so that the objects the
--                       queries read stay the seeded ones, round after round.
--   BENCH_MODE=get      GET classes/BenchItem/<id>, the id drawn from BENCH_IDS (the seeded objects)
--   BENCH_MODE=query    GET classes/BenchItem?where={"score":{"$gte":X}}&order=score&limit=20,
--                       X drawn from 0 to BENCH_SCORE_MAX - 1 (the seeded scores' range)
--   BENCH_MODE=include  the same query with include=owner (a pointer to a BenchOwner)
-- BENCH_IDS and BENCH_OWNERS are files, one objectId a line. wrk counts any answer of 400 or more as an error.
package.path = os.getenv("BENCH_LUA_PATH") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local mode, get_headers, post_headers, score_max
local ids, owners = {}, {}
local n = 0

local function lines(file)
  local list = {}
  for line in io.lines(file) do
    if line ~= "" then table.insert(list, line) end
  end
  if #list == 0 then error(file .. " is empty") end
  return list
end

function init(args)
  mode = common.env("BENCH_MODE")
  -- Each thread its own sequence: Lua states start with the same seed.
  math.randomseed(os.time() * 64 + id)
  get_headers = common.headers(false)
  get_headers["Content-Type"] = nil
  post_headers = common.headers(false)
  if mode == "create" then
    owners = lines(common.env("BENCH_OWNERS"))
  elseif mode == "get" then
    ids = lines(common.env("BENCH_IDS"))
  elseif mode == "query" or mode == "include" then
    score_max = tonumber(common.env("BENCH_SCORE_MAX"))
  else
    error("BENCH_MODE must be create, get, query or include, not " .. mode)
  end
end

-- where={"score":{"$gte":X}}, URL-encoded.
local function query_path(x, include)
  local path = wrk.path .. "?where=%7B%22score%22%3A%7B%22%24gte%22%3A" .. x .. "%7D%7D&order=score&limit=20"
  if include then path = path .. "&include=owner" end
  return path
end

function request()
  n = n + 1
  if mode == "create" then
    local owner = owners[math.random(#owners)]
    local body = string.format(
      '{"name":"created-%d-%d","score":-%d,"owner":{"__type":"Pointer","className":"BenchOwner","objectId":"%s"}}',
      id, n, n, owner)
    return wrk.format("POST", wrk.path, post_headers, body)
  elseif mode == "get" then
    return wrk.format("GET", wrk.path .. "/" .. ids[math.random(#ids)], get_headers)
  else
    return wrk.format("GET", query_path(math.random(0, score_max - 1), mode == "include"), get_headers)
  end
end
