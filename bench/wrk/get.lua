-- GET WRK_PATH (a list page) again and again.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
done = report.done

wrk.method = "GET"
wrk.path = os.getenv("WRK_PATH")
wrk.headers["Authorization"] = os.getenv("WRK_AUTH")
