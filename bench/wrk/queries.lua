-- wrk script of kisearch's benchmark (bench/perf.py): cycles through a
-- query log, one URL-encoded query a line, and sends each as
-- PREFIX .. query .. SUFFIX. Each wrk thread starts at its own place in
-- the log. At the end it prints one line "WRKJSON {...}" with requests/s,
-- latency percentiles (ms) and errors: socket errors (connect, read,
-- write), timeouts, and answers that were not 2xx or 3xx (wrk counts those
-- as status errors).
--
-- wrk -t2 -c16 -d10s --latency -s bench/wrk/queries.lua \
--     http://127.0.0.1:8080 -- bench/work/queries.url '/search?q=' '&limit=10'

local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("thread_id", next_id)
end

function init(args)
   local file, prefix, suffix = args[1], args[2] or "/search?q=", args[3] or ""
   if file == nil then
      error("usage: wrk ... -s queries.lua URL -- QUERIES.url [PREFIX [SUFFIX]]")
   end
   paths = {}
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = prefix .. line .. suffix
      end
   end
   if #paths == 0 then
      error(file .. ": no queries")
   end
   -- Threads start far apart in the log (7919 is a prime).
   position = ((thread_id or 1) - 1) * 7919 % #paths
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      'WRKJSON {"requests": %d, "seconds": %.3f, "rps": %.2f, ' ..
      '"bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
      '"write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
      '"mean_ms": %.3f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
      '"max_ms": %.3f}\n',
      summary.requests, seconds, summary.requests / seconds,
      summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean / 1000, latency:percentile(50) / 1000,
      latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000))
end
