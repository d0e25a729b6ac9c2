-- POST a reply to one of the tickets in WRK_TICKETS (comma-separated ids), chosen at random.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
done = report.done

local tickets = {}
for id in string.gmatch(os.getenv("WRK_TICKETS"), "%d+") do tickets[#tickets + 1] = id end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("WRK_AUTH")

function request()
  report.seed()
  local id = tickets[math.random(#tickets)]
  local body = string.format(
    '{"body":"<p>Hi, thanks for reaching out. I have checked order #%d and issued a full refund.</p>"}',
    math.random(100000, 999999))
  return wrk.format(nil, "/api/v2/tickets/" .. id .. "/reply", nil, body)
end
