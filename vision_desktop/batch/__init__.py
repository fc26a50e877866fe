"""Batch runs: one question over many images (or PDF pages), answers in a table.

Qt-free: the CLI (``vision-desktop batch``) and the window's batch table both drive it. It sits above the chat
layer (it sends with :func:`vision_desktop.chat.sending.send_question`) and below the workers and the CLI.

The API (every name below is importable from its module; nothing here imports PySide6)::

    # spec.py: what to run
    Field(name, type="text" | "number" | "date" | "yesno", description="")
    parse_fields("vendor:text,total:number:the grand total,date:date") -> tuple[Field, ...]
        # ConfigError with a plain sentence for a bad list
    BatchSpec(sources, prompt, fields=(), options=ChatOptions(), system=None, concurrency=4, tiles=True)
        # concurrency 1..MAX_CONCURRENCY (16); DEFAULT_CONCURRENCY = 4
    expand_sources(paths, *, pdf_pages=5 | None) -> list[str]
        # folders -> the images and PDFs inside (recursively, sorted by path), PDFs -> "<path>#page=N"
        # (the first pdf_pages pages; None: all), duplicates dropped, order kept. Blocking (reads PDFs).

    # fields.py: asking for JSON and reading it back
    field_instruction(fields) -> str                  # appended to the question
    response_format_for(fields, profile) -> dict | None  # {"type": "json_object"} only when honoured
    parse_answer(text, fields) -> ParsedAnswer         # .values {name: str|int|float|bool|None}, .problems
    repair_request(answer, parsed, fields) -> str     # the one follow-up asking to fix an invalid answer

    # state.py: the batch saved as it goes (SQLite, WAL, one transaction per row)
    state_path_for(output_path) -> Path               # "results.csv" -> "results.csv.batch.sqlite"
    BatchState.create(path, spec) / BatchState.open(path) / BatchState.open_or_create(path, spec)
    state.rows() -> list[BatchRow]    # BatchRow(index, source, status "pending"|"done"|"failed", answer,
                                      #   values, error, prompt_tokens, completion_tokens, cost, seconds)
    state.save(row) ; state.set_value(index, field, value) (a cell fixed by hand) ; state.reset_failed()
    state.spec() -> BatchSpec ; state.close()

    # runner.py: sending with bounded concurrency (blocking; run it on a worker thread)
    BatchRunner(spec, connection, state, *, profile, price=None, on_row=None, on_progress=None,
                on_status=None, policy=None, prepare=None)
    runner.run() -> BatchSummary      # returns when every row is done/failed, or after stop()
    runner.pause() / runner.resume() / runner.stop()   # from any thread; stop() cancels requests in flight
    runner.rerun_failed() -> BatchSummary              # failed rows back to pending, then run()
    on_row(BatchRow)              # called on a worker thread each time a row is saved
    on_progress(BatchProgress)    # done, failed, total, elapsed, estimated_left, cost, currency, in_flight,
                                  #   allowed (the AIMD concurrency), paused
    on_status(str)                # plain sentences: "Too many requests: slowing down for 3 s"
    BatchSummary(done, failed, pending, stopped, fatal: VisionDesktopError | None)

    # export.py
    export(path, rows, fields) -> None   # by extension: .csv (UTF-8 with BOM), .xlsx, .jsonl
    columns(fields) -> list[str]         # source, the fields (or answer), status, error, prompt/completion

    # command.py: `vision-desktop batch PATH... --prompt TEXT [--fields ...] --out results.csv ...`
    add_parser(subparsers) ; run(args, *, out, err) -> int
"""
