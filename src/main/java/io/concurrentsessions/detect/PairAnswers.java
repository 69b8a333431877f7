package io.concurrentsessions.detect;

import java.util.HashMap;

/**
 * Answers to one yes/no question about two networks of a session, kept per pair of classes:
 * networks with equal keys (whatever the question reads of them) are one class, so a proxy pool's
 * hundreds of networks, a handful of classes, are asked about a handful of pairs instead of 10^5.
 * {@link #NONE} keeps nothing: every pair is asked.
 */
final class PairAnswers {
    /** Past this many classes the table would outweigh the questions it saves. */
    private static final int MAX_CLASSES = 256;
    static final PairAnswers NONE = new PairAnswers(null, 0);

    private final int[] classOf; // by network
    private final int classes;
    private final byte[] answers; // [classOf[x] * classes + classOf[y]]: 0 not asked yet, 1 no, 2 yes

    private PairAnswers(int[] classOf, int classes) {
        this.classOf = classOf;
        this.classes = classes;
        this.answers = classOf == null ? null : new byte[classes * classes];
    }

    /** Classes of networks by {@code keyOf[x]} (equals and hashCode); {@link #NONE} past {@value #MAX_CLASSES} of them. */
    static PairAnswers byClass(Object[] keyOf) {
        int[] classOf = new int[keyOf.length];
        HashMap<Object, Integer> ids = new HashMap<>();
        for (int x = 0; x < keyOf.length; x++) {
            Integer id = ids.putIfAbsent(keyOf[x], ids.size());
            classOf[x] = id == null ? ids.size() - 1 : id;
        }
        return ids.size() <= MAX_CLASSES ? new PairAnswers(classOf, ids.size()) : NONE;
    }

    /** Whether the question was answered for the classes of x and y. */
    boolean answered(int x, int y) {
        return answers != null && answers[classOf[x] * classes + classOf[y]] != 0;
    }

    /** The answer kept for the classes of x and y; call only when {@link #answered}. */
    boolean answer(int x, int y) {
        return answers[classOf[x] * classes + classOf[y]] == 2;
    }

    /** Keeps the answer asked for x and y as their classes' (nothing under {@link #NONE}). */
    boolean keep(int x, int y, boolean answer) {
        if (answers != null) {
            answers[classOf[x] * classes + classOf[y]] = (byte) (answer ? 2 : 1);
        }
        return answer;
    }
}
