#nullable disable
using System;

namespace SmartMaintenance.Firmware.Core.Reliability
{
    /// <summary>
    /// Store-and-forward ring of encoded messages with preallocated slots (no allocation per message). When full,
    /// the oldest entry is dropped and counted: fresh data matters more than old data to a maintenance system,
    /// and the summary keeps the gap visible. Entries leave only when the broker acknowledged them (QoS 1
    /// PUBACK) or the HTTP fallback stored them; after a disconnect the unacknowledged ones are sent again, in
    /// order (the cloud de-duplicates by device + sequence).
    /// </summary>
    public sealed class Outbox
    {
        private const int StatePending = 0;
        private const int StateInFlight = 1;
        private const int StateReleased = 2;

        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly long[] _sequences;
        private readonly int[] _states;
        private readonly int[] _tokens;
        private readonly int _capacity;
        private readonly int _slotSize;
        private int _head;
        private int _count;

        public Outbox(int capacity, int slotSize)
        {
            _capacity = capacity < 1 ? 1 : capacity;
            _slotSize = slotSize;
            _slots = new byte[_capacity][];
            for (int i = 0; i < _capacity; i++)
            {
                _slots[i] = new byte[slotSize];
            }

            _lengths = new int[_capacity];
            _sequences = new long[_capacity];
            _states = new int[_capacity];
            _tokens = new int[_capacity];
        }

        public int Capacity
        {
            get { return _capacity; }
        }

        public int SlotSize
        {
            get { return _slotSize; }
        }

        /// <summary>Entries held, acknowledged-but-not-yet-trimmed ones included.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Entries dropped because the ring was full, since boot.</summary>
        public long Dropped;

        /// <summary>Messages refused because they did not fit a slot, since boot.</summary>
        public long Oversized;

        /// <summary>Entries sent but not yet acknowledged.</summary>
        public int InFlight
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++)
                {
                    if (_states[Index(i)] == StateInFlight)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>Copies a message in; drops the oldest entry when full. False when it is larger than a slot.</summary>
        public bool Enqueue(byte[] message, int length, long sequence)
        {
            if (length > _slotSize || length < 0)
            {
                Oversized++;
                return false;
            }

            if (_count == _capacity)
            {
                _head = (_head + 1) % _capacity;
                _count--;
                Dropped++;
            }

            int slot = Index(_count);
            Array.Copy(message, 0, _slots[slot], 0, length);
            _lengths[slot] = length;
            _sequences[slot] = sequence;
            _states[slot] = StatePending;
            _tokens[slot] = -1;
            _count++;
            return true;
        }

        /// <summary>The oldest entry not yet sent, as a slot handle; -1 when none.</summary>
        public int NextPending()
        {
            for (int i = 0; i < _count; i++)
            {
                int slot = Index(i);
                if (_states[slot] == StatePending)
                {
                    return slot;
                }
            }

            return -1;
        }

        /// <summary>The i-th oldest pending entry (for batching), or -1.</summary>
        public int PendingAt(int n)
        {
            for (int i = 0; i < _count; i++)
            {
                int slot = Index(i);
                if (_states[slot] == StatePending)
                {
                    if (n == 0)
                    {
                        return slot;
                    }

                    n--;
                }
            }

            return -1;
        }

        public byte[] SlotBuffer(int slot)
        {
            return _slots[slot];
        }

        public int SlotLength(int slot)
        {
            return _lengths[slot];
        }

        public long SlotSequence(int slot)
        {
            return _sequences[slot];
        }

        /// <summary>Records that the entry went out under the transport's message token.</summary>
        public void MarkSent(int slot, int token)
        {
            _states[slot] = StateInFlight;
            _tokens[slot] = token;
        }

        /// <summary>Releases the in-flight entry sent under this token; false when unknown (e.g. dropped meanwhile).</summary>
        public bool Acknowledge(int token)
        {
            for (int i = 0; i < _count; i++)
            {
                int slot = Index(i);
                if (_states[slot] == StateInFlight && _tokens[slot] == token)
                {
                    _states[slot] = StateReleased;
                    Trim();
                    return true;
                }
            }

            return false;
        }

        /// <summary>Releases an entry delivered another way (HTTP fallback).</summary>
        public void Release(int slot)
        {
            _states[slot] = StateReleased;
            Trim();
        }

        /// <summary>After a disconnect: every unacknowledged entry becomes pending again, keeping its place.</summary>
        public void RequeueInFlight()
        {
            for (int i = 0; i < _count; i++)
            {
                int slot = Index(i);
                if (_states[slot] == StateInFlight)
                {
                    _states[slot] = StatePending;
                    _tokens[slot] = -1;
                }
            }
        }

        private void Trim()
        {
            while (_count > 0 && _states[_head] == StateReleased)
            {
                _head = (_head + 1) % _capacity;
                _count--;
            }
        }

        private int Index(int offset)
        {
            return (_head + offset) % _capacity;
        }
    }
}
