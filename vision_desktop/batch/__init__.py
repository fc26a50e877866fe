"""Batch runs: one question over many images (or PDF pages), answers in a table.

Qt-free: the CLI (``vision-desktop batch``) and the window's batch table both drive it. It sits above the chat
layer (it sends with :func:`vision_desktop.chat.sending.send_question`) and below the workers and the CLI.

The API (every name below is importable from its module; nothing here imports PySide6)::

    # spec.py: what to run
    Field(name, type="text" | "number" | "date" | "yesno", description="")
    parse_fields("vendor:text,total:number:the grand total,date:date") -> tuple[Field, ...]
        # ConfigError with a plain sentence for a bad list
    BatchSpec(sources, prompt, fields=(), options=ChatOptions(), system=None, concurrency=4, tiles=True)
        # concurrency 1..MAX_CONCURRENCY (16); DEFAULT_CONCURRENCY = 4; ConfigError otherwise
    expand_sources(paths, *, pdf_pages=5 | None) -> list[str]
        # folders -> the images and PDFs inside (recursively, sorted by path), PDFs -> "<path>#page=N"
        # (the first pdf_pages pages, i.e. Settings.pdf_pages; None: all), duplicates dropped, order kept.
        # Blocking (counts PDF pages). sources_summary(sources) -> "12 images and 3 PDF pages"

    # fields.py: asking for JSON and reading it back
    question_text(prompt, fields) -> str              # the prompt plus the field instruction (JSON schema)
    response_format_for(fields, profile) -> dict | None  # {"type": "json_object"} only when honoured
    parse_answer(text, fields) -> ParsedAnswer         # .values {name: str|int|float|bool|None}, .problems
                                                       #   {name: reason} ("" = the whole answer), .ok, .reason()
    repair_request(answer, parsed, fields) -> str     # the one follow-up asking to fix an invalid answer
    parse_number / parse_date / parse_yesno (text)    # ValueError with a plain reason

    # state.py: the batch saved as it goes (SQLite, WAL, one transaction per row; thread-safe)
    state_path_for(output_path) -> Path               # "results.csv" -> "results.csv.batch.sqlite"
    new_state_path(folder) -> Path                    # a fresh file in a folder (the window: data_dir/batches)
    BatchState.create(path, spec) / BatchState.open(path) / BatchState.open_or_create(path, spec)
    state.rows() -> list[BatchRow]    # BatchRow(index, source, status "pending"|"done"|"failed", answer,
                                      #   values, error, prompt_tokens, completion_tokens, cost, seconds, edited)
    state.row(i) ; state.counts() -> {"pending": n, "done": n, "failed": n}
    state.save(row) ; state.set_value(index, field_or_"answer", value) -> BatchRow   (a cell fixed by hand)
    state.reset_failed() -> int ; state.spec() -> BatchSpec ; state.differences(spec) -> list[str] ; close()

    # estimate.py: the flight check before starting (reads image headers only; blocking)
    estimate_batch(spec, profile, price, *, spent_this_month=None, monthly_budget=0.0, currency="USD")
        -> BatchEstimate(rows, prompt_tokens, cost, currency, unreadable, budget: Problem | None); .text()

    # runner.py: sending with bounded concurrency (blocking; run it on a worker thread)
    BatchRunner(spec, connection, state, *, profile, price=None, on_row=None, on_progress=None,
                on_status=None, policy=None, prepare=None)
    runner.run() -> BatchSummary      # returns when every pending row is done/failed, or after stop()
    runner.pause() / runner.resume() / runner.stop()   # from any thread; stop() cancels requests in flight
    runner.rerun_failed() -> BatchSummary              # failed rows back to pending, then run()
    runner.progress() -> BatchProgress ; runner.paused
    on_row(BatchRow)              # called on a runner thread each time a row is saved (after it is on disk)
    on_progress(BatchProgress)    # done, failed, total, elapsed, estimated_left, cost, currency, in_flight,
                                  #   allowed (the AIMD concurrency), paused; .finished, .text()
    on_status(str)                # plain sentences: "Too many requests: waiting 3 s, then sending 2 at a time"
    BatchSummary(done, failed, pending, stopped, fatal: VisionDesktopError | None, elapsed, cost, sent); .ok

    # export.py
    export(path, rows, fields) -> None   # by extension: .csv (UTF-8 with BOM), .xlsx, .jsonl; ConfigError
    columns(fields) -> list[str]         # source, the fields (or answer), status, error, prompt/completion
    table(rows, fields) -> list[list]    # the cells, as written

    # command.py: `vision-desktop batch PATH... --prompt TEXT [--fields ...] --out results.csv ...`
    add_parser(subparsers) ; run(args, *, out, err) -> int ; main(argv) (python -m vision_desktop.batch.command)
"""
