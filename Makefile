# Benchmarks are opt-in and never part of `mvn test`. See docs/performance.md.
.PHONY: bench bench-full bench-startup

bench:            ## Java vs the splunklib peer vs the pipe, 10^4..10^6 events (~3 min)
	perf/run.sh

bench-full:       ## adds 10^7 events and map peers at 10^6 (~10 min)
	perf/run.sh --full

bench-startup:    ## JVM flags (AppCDS, C1-only, SerialGC...) on getinfo latency and throughput
	perf/run.sh startup
