package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * A plan's graph as {@link Fusion} groups its nodes: each group contracted to one vertex (a fused loop runs as
 * one step), every other node a vertex of its own, and a topological order of the vertices kept valid as groups
 * grow, after Pearce and Kelly's dynamic order and XLA's edge contraction. A search for what a value depends
 * on then stops at vertices ordered before the group it looks for, which cannot reach it; so it visits the
 * vertices between the two, not everything below the value (quadratic on an unrolled loop). Leaves read
 * nothing, so no path runs through them: they are left out of the searches and the order.
 *
 * <p>Vertices are ints: a slot {@code x ≥ 0} for a node in no group, {@code −1 − g} for group g.
 */
final class Contracted {
    /** Vertices a dependency search visits at most before it gives up. */
    private static final int SEARCH_LIMIT = 20_000;

    private final int[][] inputSlots;
    private final int[][] readers;
    private final boolean[] leaf;
    /** The group of each slot, or -1. */
    private final int[] group;
    /** Each group's members, in slot order (a topological order). */
    private final List<List<Integer>> members = new ArrayList<>();
    /** The position in the order of each slot's own vertex (a grouped slot's is its group's, below). */
    private final int[] rank;
    private int[] groupRank = new int[16];
    /** The search that last visited each slot, and each group. */
    private final int[] seen;
    private int[] groupSeen = new int[16];
    private int query;

    /** The graph of {@code inputSlots} (a topological order), no node grouped yet, ordered by slot. */
    Contracted(int[][] inputSlots, boolean[] leaf) {
        int n = inputSlots.length;
        this.inputSlots = inputSlots;
        this.leaf = leaf;
        int[] count = new int[n];
        for (int[] ins : inputSlots) {
            for (int s : ins) {
                count[s]++;
            }
        }
        readers = new int[n][];
        for (int s = 0; s < n; s++) {
            readers[s] = new int[count[s]];
        }
        for (int x = 0; x < n; x++) {
            for (int s : inputSlots[x]) {
                readers[s][--count[s]] = x;
            }
        }
        group = new int[n];
        Arrays.fill(group, -1);
        rank = new int[n];
        Arrays.setAll(rank, x -> x);
        seen = new int[n];
    }

    /** The group of slot s, or -1. */
    int group(int s) {
        return group[s];
    }

    /** The members of group g, in slot order. */
    List<Integer> members(int g) {
        return members.get(g);
    }

    /** The position in the order of the vertex of slot s. */
    int position(int s) {
        return rankOf(vertex(s));
    }

    /** A new group of the one node i (in no group): its vertex keeps i's place in the order. */
    int start(int i) {
        int g = members.size();
        members.add(new ArrayList<>(List.of(i)));
        if (groupRank.length <= g) {
            groupRank = Arrays.copyOf(groupRank, 2 * (g + 1));
            groupSeen = Arrays.copyOf(groupSeen, 2 * (g + 1));
        }
        groupRank[g] = rank[i];
        group[i] = g;
        return g;
    }

    /**
     * Puts node i (in no group, reading a member of group g, and depending on g through no other input) into g,
     * then restores the order.
     */
    void join(int g, int i) {
        members.get(g).add(i);
        group[i] = g;
        reorder(g, List.of(i));
    }

    /**
     * Moves the members of group h into group g, between which no path runs through another vertex, then
     * restores the order; h is left empty.
     */
    void merge(int g, int h) {
        boolean hLater = groupRank[h] > groupRank[g];
        List<Integer> later = new ArrayList<>(members.get(hLater ? h : g));
        groupRank[g] = Math.min(groupRank[g], groupRank[h]);
        List<Integer> into = members.get(g);
        for (int m : members.get(h)) {
            group[m] = g;
        }
        into.addAll(members.get(h));
        into.sort(null);
        members.get(h).clear();
        reorder(g, later);
    }

    /**
     * Whether slot s depends on group g as the steps will run: reaching any member of a group reaches the
     * inputs of all its members. A search that grows past {@link #SEARCH_LIMIT} vertices answers yes, so that
     * a node is kept out of a group rather than risking a group that waits for itself.
     */
    boolean dependsOn(int s, int g) {
        int floor = groupRank[g];
        int target = -1 - g;
        query++;
        int budget = SEARCH_LIMIT;
        // Lowest in the order first: g is the lowest a path to it can go, so a value that depends on g (a
        // gradient on its forward value, say) finds it without walking everything in between.
        PriorityQueue<Integer> todo = new PriorityQueue<>((a, b) -> Integer.compare(rankOf(a), rankOf(b)));
        todo.add(vertex(s));
        visit(vertex(s));
        while (!todo.isEmpty()) {
            int v = todo.poll();
            if (v == target || --budget < 0) {
                return true;
            }
            // What is ordered before g cannot reach it.
            neighbours(v, inputSlots, u -> {
                if (rankOf(u) >= floor && visit(u)) {
                    todo.add(u);
                }
            });
        }
        return false;
    }

    /**
     * Restores the order once the vertex of group g took in the nodes {@code later} (which were ordered after it):
     * the inputs of those that are ordered after g, and everything between that they depend on, move before g;
     * what g reaches before them moves after (Pearce and Kelly's reordering, for all those edges at once).
     */
    private void reorder(int g, List<Integer> later) {
        int floor = groupRank[g];
        int ceiling = floor;
        List<Integer> sources = new ArrayList<>();
        for (int m : later) {
            for (int s : inputSlots[m]) {
                int v = vertex(s);
                if (v != -1 - g && !leaf[s] && rankOf(v) > floor) {
                    sources.add(v);
                    ceiling = Math.max(ceiling, rankOf(v));
                }
            }
        }
        if (sources.isEmpty()) {
            return;
        }
        int top = ceiling;
        List<Integer> after = reach(List.of(-1 - g), readers, v -> rankOf(v) < top);
        List<Integer> before = reach(sources, inputSlots, v -> rankOf(v) > floor);
        int[] ranks = new int[before.size() + after.size()];
        int k = 0;
        for (int v : before) {
            ranks[k++] = rankOf(v);
        }
        for (int v : after) {
            ranks[k++] = rankOf(v);
        }
        Arrays.sort(ranks);
        before.sort((a, b) -> Integer.compare(rankOf(a), rankOf(b)));
        after.sort((a, b) -> Integer.compare(rankOf(a), rankOf(b)));
        k = 0;
        for (int v : before) {
            setRank(v, ranks[k++]);
        }
        for (int v : after) {
            setRank(v, ranks[k++]);
        }
    }

    /** The vertices reached from {@code starts} along {@code edges} (inputs or readers) through vertices that pass {@code within}. */
    private List<Integer> reach(List<Integer> starts, int[][] edges, IntPredicate within) {
        query++;
        List<Integer> found = new ArrayList<>();
        Deque<Integer> todo = new ArrayDeque<>();
        for (int v : starts) {
            if (visit(v)) {
                todo.push(v);
            }
        }
        while (!todo.isEmpty()) {
            int v = todo.pop();
            found.add(v);
            neighbours(v, edges, u -> {
                if (within.test(u) && visit(u)) {
                    todo.push(u);
                }
            });
        }
        return found;
    }

    /** The vertices next to vertex v along {@code edges}, leaves left out, each given to {@code to} (maybe twice). */
    private void neighbours(int v, int[][] edges, IntConsumer to) {
        if (v >= 0) {
            for (int s : edges[v]) {
                if (!leaf[s]) {
                    to.accept(vertex(s));
                }
            }
            return;
        }
        int g = -1 - v;
        for (int m : members.get(g)) {
            for (int s : edges[m]) {
                if (group[s] != g && !leaf[s]) {
                    to.accept(vertex(s));
                }
            }
        }
    }

    /** Marks vertex v visited by the current search; false if it already was. */
    private boolean visit(int v) {
        if (v >= 0) {
            if (seen[v] == query) {
                return false;
            }
            seen[v] = query;
        } else {
            if (groupSeen[-1 - v] == query) {
                return false;
            }
            groupSeen[-1 - v] = query;
        }
        return true;
    }

    private int vertex(int s) {
        return group[s] >= 0 ? -1 - group[s] : s;
    }

    private int rankOf(int v) {
        return v >= 0 ? rank[v] : groupRank[-1 - v];
    }

    private void setRank(int v, int r) {
        if (v >= 0) {
            rank[v] = r;
        } else {
            groupRank[-1 - v] = r;
        }
    }
}
