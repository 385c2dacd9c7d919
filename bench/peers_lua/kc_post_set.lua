-- wrk script for kneecoach's log_post scenario, used by bench/peers.py in place of the shared
-- harness's own: a correction of set 1 of today's first exercise (`"replace": true`), pain
-- alternating 2/3, bearer token. Without `replace` every request after the first is a 409 (the
-- same set logged again is asked about, issue 14), which measures the refusal, not the logging.
-- Each request changes the diary, writes the set and replays the day, as a logged set does.
-- Env: KC_TOKEN KC_DAY KC_EXERCISE KC_SIDE KC_REPS KC_SECONDS (from the harness's kc_seed.py)
local token = os.getenv("KC_TOKEN")
local day   = os.getenv("KC_DAY")
local ex    = os.getenv("KC_EXERCISE")
local side  = os.getenv("KC_SIDE")
local reps  = os.getenv("KC_REPS")
local secs  = os.getenv("KC_SECONDS")
wrk.method = "POST"
wrk.path   = "/api/sessions/" .. day .. "/sets"
wrk.headers["Content-Type"]  = "application/json"
wrk.headers["Accept"]        = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
local parts = {string.format('"exercise": "%s", "set_number": 1, "replace": true', ex)}
if side ~= "" then table.insert(parts, string.format('"side": "%s"', side)) end
if reps ~= "" then table.insert(parts, '"reps": ' .. reps) end
if secs ~= "" then table.insert(parts, '"seconds": ' .. secs) end
local bodies = {}
for _, pain in ipairs({2, 3}) do
  bodies[#bodies + 1] = "{" .. table.concat(parts, ", ") .. ', "pain": ' .. pain .. "}"
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % 2) + 1])
end
