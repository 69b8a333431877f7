package io.concurrentsessions.detect;

/**
 * Which user agents each address of a session was seen with: the state's address/user-agent
 * pairs grouped by address in one counting pass, for the per-address columns of a finding (a
 * list or a bit set per address was most of what a finding's assembly allocated).
 */
final class AddressAgents {
    private final int[] start; // by state index: where its user agents begin in agents; start[n] = pairs
    private final int[] agents; // user agent indexes, grouped by address, in pair order within a group

    AddressAgents(SessionState s) {
        int n = s.addressCount();
        int pairs = s.pairCount();
        start = new int[n + 1];
        for (int k = 0; k < pairs; k++) {
            start[s.pairAddress(k)]++;
        }
        for (int i = 1; i <= n; i++) {
            start[i] += start[i - 1];
        }
        // start[i] is now where address i's group ends: filled from the back with the pairs in
        // reverse, each group keeps pair order and start[i] comes down to where it begins
        agents = new int[pairs];
        for (int k = pairs - 1; k >= 0; k--) {
            agents[--start[s.pairAddress(k)]] = s.pairUserAgent(k);
        }
    }

    /** How many user agents the address at state index {@code i} was seen with. */
    int count(int i) {
        return start[i + 1] - start[i];
    }

    /** The {@code j}-th of them (a user agent index), {@code j < count(i)}. */
    int agent(int i, int j) {
        return agents[start[i] + j];
    }
}
