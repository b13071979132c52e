-- wrk script: POST bodies in turn (one a line of BENCH_BODY), @@TOKEN@@ replaced by a fresh one-time
-- form token per request.
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
  templates = {}
  for line in io.lines(os.getenv("BENCH_BODY")) do
    templates[#templates + 1] = line
  end
  per_thread = math.floor(#tokens / tonumber(os.getenv("BENCH_THREADS")))
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
end

function request()
  sent = sent + 1
  local token = tokens[slice * per_thread + ((sent - 1) % per_thread) + 1]
  local body = templates[((sent - 1) % #templates) + 1]:gsub("@@TOKEN@@", token)
  return wrk.format(nil, nil, nil, body)
end
