-- POST a new order, refund or shipping ticket from one of 200 customers to WRK_PATH
-- (ShopNest's /api/v2/tickets or the baseline's /crud/tickets: the same body for both).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
done = report.done

local kinds = {
  {"Refund", "Refund for order #%d", "<div>I returned the espresso machine from order #%d but have not received my refund yet.</div>", '["refund","returns"]'},
  {"Incident", "Order #%d arrived damaged", "<div>The desk lamp in order #%d arrived with a cracked case. Can you send a replacement?</div>", '["damaged","replacement"]'},
  {"Question", "Where is my order #%d?", "<div>My order #%d was shipped with DHL and tracking has not moved since.</div>", '["shipping","tracking"]'},
}

wrk.method = "POST"
wrk.path = os.getenv("WRK_PATH")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("WRK_AUTH")

function request()
  report.seed()
  local kind = kinds[math.random(#kinds)]
  local order = math.random(100000, 999999)
  local customer = math.random(0, 199)
  local body = string.format(
    '{"email":"customer%03d@shopnest-customers.example","subject":"%s","description":"%s",' ..
    '"status":2,"priority":%d,"type":"%s","tags":%s}',
    customer, string.format(kind[2], order), string.format(kind[3], order), math.random(1, 4),
    kind[1], kind[4])
  return wrk.format(nil, nil, nil, body)
end
