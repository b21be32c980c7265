-- The ceiling: the server's trivial health endpoint, with wrk's own counts.
package.path = os.getenv("BENCH_LUA_PATH") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done
