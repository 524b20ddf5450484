extension JobOptions {
    /// Asks `beforePublish` whether the outputs may get their names now; called right before the
    /// first of them is committed, after all the long work.
    func checkBeforePublish(_ path: String) throws(PipelineError) {
        if let reason = beforePublish?() { throw .notPublished(path: path, reason: reason) }
    }
}
