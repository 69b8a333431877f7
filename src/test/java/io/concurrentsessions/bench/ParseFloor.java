package io.concurrentsessions.bench;

import io.concurrentsessions.scp.Cell;
import io.concurrentsessions.scp.ChunkedProtocol;
import io.concurrentsessions.scp.CommandType;
import io.concurrentsessions.scp.Declaration;
import io.concurrentsessions.scp.Inspector;
import io.concurrentsessions.scp.Records;
import io.concurrentsessions.scp.RowSink;
import io.concurrentsessions.scp.SearchCommand;
import io.concurrentsessions.scp.SearchInfo;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.util.List;

/**
 * The floor under any JVM implementation of the command on our protocol loop: a reporting command
 * that finds the by-fields of every event (SessionId, user, Operation: the least the grouping must
 * read) and keeps nothing. perf/bench.py runs it beside the null peer; the command proper can be
 * no faster than this on the same frames, whatever its aggregation costs.
 * Run: {@code java -cp target/classes:target/test-classes:<gson> io.concurrentsessions.bench.ParseFloor}
 */
public final class ParseFloor implements SearchCommand {
    private long checksum;

    public static void main(String[] args) {
        ParseFloor floor = new ParseFloor();
        int exit = new ChunkedProtocol(System.err).run(floor, System.in,
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.err.println("parse floor: checksum " + floor.checksum);
        System.exit(exit);
    }

    @Override
    public Declaration getinfo(SearchInfo info, Inspector inspector) {
        return new Declaration(CommandType.REPORTING, List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent"), null);
    }

    @Override
    public void execute(Records chunk, RowSink out, Inspector inspector) {
        int op = chunk.indexOf("Operation");
        int user = chunk.indexOf("user");
        int sid = chunk.indexOf("SessionId");
        long sum = 0;
        Cell cell = new Cell();
        for (int r = 0, n = chunk.size(); r < n; r++) {
            sum += chunk.cell(r, op, cell).start() ^ chunk.cell(r, user, cell).start() ^ chunk.cell(r, sid, cell).length();
        }
        checksum += sum;
    }

    @Override
    public void finish(RowSink out, Inspector inspector) {
    }
}
