package io.concurrentsessions.scp;

import java.util.List;

/**
 * What a command tells splunkd about itself in the getinfo reply.
 *
 * @param type           how splunkd schedules the command
 * @param requiredFields the only fields splunkd needs to send; empty means all
 * @param streamingPreop an SPL fragment splunkd runs first (on the indexers when distributed), or null
 */
public record Declaration(CommandType type, List<String> requiredFields, String streamingPreop) {
    public Declaration {
        requiredFields = List.copyOf(requiredFields);
    }

    public static Declaration of(CommandType type) {
        return new Declaration(type, List.of(), null);
    }
}
