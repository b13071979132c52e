-- wrk script: POST a fixed body in which @@TOKEN@@ is replaced by a fresh one-time form token per request.
-- Each wrk thread takes its own slice of the tokens file, so no token is ever sent twice.
local thread_count = 0

function setup(thread)
  thread:set("slice", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  body_template = io.open(os.getenv("BENCH_BODY")):read("*a")
  per_thread = math.floor(#tokens / tonumber(os.getenv("BENCH_THREADS")))
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
end

function request()
  sent = sent + 1
  local token = tokens[slice * per_thread + ((sent - 1) % per_thread) + 1]
  local body = body_template:gsub("@@TOKEN@@", token)
  return wrk.format(nil, nil, nil, body)
end
