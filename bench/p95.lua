-- wrk prints p50/75/90/99 only; print p95 (microseconds) from the latency histogram.
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\n", latency:percentile(95)))
end
