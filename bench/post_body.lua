-- wrk script: POST the same body (from BENCH_BODY) on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
wrk.body = io.open(os.getenv("BENCH_BODY")):read("*a")
