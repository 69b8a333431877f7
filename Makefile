# Benchmarks are opt-in and never part of `mvn test`. See docs/performance.md.
.PHONY: bench bench-full bench-startup

bench:            ## quiet and noisy mixes at 10^4, 2.5x10^5, 10^6 events, issue 16's targets (~4-5 min)
	perf/run.sh

bench-full:       ## adds 10^7 events (quiet), memory per session, map peers at 10^6, one core (~15 min)
	perf/run.sh --full

bench-startup:    ## JVM flags (AppCDS, C1-only, SerialGC...) on getinfo latency and throughput
	perf/run.sh startup
