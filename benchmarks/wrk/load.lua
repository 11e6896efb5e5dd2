-- One wrk script for the loads of benchmarks/side-by-side, set by environment variables:
--   LOAD        password | refresh-rotating | refresh-reuse | bearer
--   LOAD_PATH   the request path (the token endpoint, or the who-am-I route for bearer)
--   USERS       password: users user1..userN@example.com share PASSWORD
--   TOKENS      refresh and bearer: a file of tokens, one per line, dealt out to the threads
--   THREADS     wrk's -t, to deal the tokens
--   EXTRA_FORM  appended to every form body (Keycloak's "&client_id=bench")
-- refresh-rotating keeps a queue of live refresh tokens per thread: each 200's new refresh token replaces the one it
-- used (Keyhold's rotation is strict: a token works once). done() prints one RESULT line for the script to read.
local load = os.getenv("LOAD")
local path = os.getenv("LOAD_PATH")
local extra = os.getenv("EXTRA_FORM") or ""
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }

local next_thread = 0
function setup(thread)
  thread:set("id", next_thread)
  next_thread = next_thread + 1
end

local tokens = {}
local users, password, n, last

function init(args)
  users = tonumber(os.getenv("USERS") or "100")
  password = os.getenv("PASSWORD")
  n = id * 7
  local file = os.getenv("TOKENS")
  if file and file ~= "" then
    local threads = tonumber(os.getenv("THREADS"))
    local line = 0
    for token in io.lines(file) do
      if line % threads == id then
        table.insert(tokens, token)
      end
      line = line + 1
    end
    last = tokens[1]
  end
end

function request()
  if load == "password" then
    n = n % users + 1
    return wrk.format("POST", path, form, "grant_type=password&username=user" .. n .. "%40example.com&password="
      .. password .. extra)
  elseif load == "refresh-rotating" then
    local token = table.remove(tokens, 1) or last
    last = token
    return wrk.format("POST", path, form, "grant_type=refresh_token&refresh_token=" .. token .. extra)
  elseif load == "refresh-reuse" then
    n = n % #tokens + 1
    return wrk.format("POST", path, form, "grant_type=refresh_token&refresh_token=" .. tokens[n] .. extra)
  else
    n = n % #tokens + 1
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[n] }, nil)
  end
end

if load == "refresh-rotating" then
  function response(status, headers, body)
    if status == 200 then
      local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
      if token then
        table.insert(tokens, token)
      end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d errors=%d status_errors=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
