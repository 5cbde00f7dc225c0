import CYAML

/// libyaml's event loop and nothing else: the floor any libyaml-backed tool pays. The benchmark
/// compares `memlint check` with this, in the same binary on the same machine.
public enum EventFloor {
    /// Parses `bytes` to the end of the stream (or the first error) and returns the number of events.
    public static func countEvents(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return 0 }
        defer { yaml_parser_delete(&parser) }
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                count += 1
                if done { break }
            }
        }
        return count
    }
}
