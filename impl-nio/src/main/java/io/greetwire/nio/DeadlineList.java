package io.greetwire.nio;

/**
 * An intrusive list of {@link Node}s in deadline order, owned by one event loop (not
 * thread-safe). Deadlines mostly arrive in order, so {@link #add} walks back from the tail and
 * is O(1) in practice; {@link #remove} is O(1). The loop sleeps until {@link #first()}'s deadline.
 */
final class DeadlineList<T extends DeadlineList.Node> {
    /** Something with a deadline, in at most one list at a time. */
    abstract static class Node {
        long deadline;
        Node prev;
        Node next;
        DeadlineList<?> owner;
    }

    private Node head;
    private Node tail;
    private int size;

    /** Adds {@code n} (which must not be in a list) at its place by deadline. */
    void add(T n) {
        if (n.owner != null) {
            throw new IllegalStateException("already in a list");
        }
        n.owner = this;
        Node after = tail;
        while (after != null && after.deadline - n.deadline > 0) {
            after = after.prev;
        }
        n.prev = after;
        n.next = after == null ? head : after.next;
        if (n.next == null) {
            tail = n;
        } else {
            n.next.prev = n;
        }
        if (after == null) {
            head = n;
        } else {
            after.next = n;
        }
        size++;
    }

    /** Removes {@code n} if it is in this list; returns whether it was. */
    boolean remove(T n) {
        if (n.owner != this) {
            return false;
        }
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.owner = null;
        size--;
        return true;
    }

    /** The node with the earliest deadline, or {@code null}. */
    @SuppressWarnings("unchecked")
    T first() {
        return (T) head;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }
}
