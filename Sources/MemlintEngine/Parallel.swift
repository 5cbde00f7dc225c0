import Dispatch
import Synchronization

/// Maps `items` on up to `jobs` threads, keeping order. Workers take the next index from a shared
/// counter, so one slow item never leaves the other cores idle while work remains.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
    let workers = max(1, min(jobs, items.count))
    if workers == 1 { return items.map(transform) }
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let next = Atomic<Int>(0)
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < items.count else { return }
            slots[index] = transform(items[index])
        }
    }
    return results.map { $0! }
}
