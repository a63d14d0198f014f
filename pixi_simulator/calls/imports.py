"""Import channel calls: add a document, process it now, find its status."""

from __future__ import annotations

from pixi_simulator.calls.registry import Args, handles
from pixi_simulator.clock import server_now
from pixi_simulator.contract import CALLS, IMPORT_STATUS_COLUMNS, STATUS_MESSAGE
from pixi_simulator.order_import import DocumentError, document_id, import_document, read_document
from pixi_simulator.records import ImportDocument, PixiDatabase
from pixi_simulator.rowset import CallResult, RowSet

PROCESSABLE = frozenset({"XPA", "NEI"})
"""Waiting (XPA) or waiting for an item that did not exist yet (NEI)."""


def _status(status: str, message: str) -> RowSet:
    return RowSet(STATUS_MESSAGE, [{"Status": status, "Message": message}])


@handles("pixiImportAddXML")
def import_add_xml(db: PixiDatabase, args: Args) -> CallResult:
    channel = db.channels.get(args["ChannelRef"]) if args["ChannelRef"] is not None else None
    if channel is None:
        return CallResult(rowsets=[_status("ERROR", f"Importkanal {args['ChannelRef']} existiert nicht.")])
    if not channel.active:
        return CallResult(
            rowsets=[_status("ERROR", f"Importkanal {channel.channel_ref} ({channel.name}) ist nicht aktiv.")]
        )
    operation = (args["OperationType"] or "").strip().upper()
    if operation != "ORDER":
        return CallResult(
            rowsets=[
                _status(
                    "ERROR", f"OperationType '{args['OperationType']}' wird nicht unterstützt (nur ORDER)."
                )
            ]
        )
    xml = args["XML"] or ""
    now = server_now()
    entry = ImportDocument(
        xml_log_key=db.next_key("xml_log"),
        document_id=document_id(xml)[:50],
        type="order",
        channel_ref=channel.channel_ref,
        status="XPA",
        error=None,
        xml=xml,
        create_date=now,
        update_date=now,
        request=operation,
    )
    db.imports[entry.xml_log_key] = entry
    key_rowset = RowSet(CALLS["pixiImportAddXML"].rowsets[1], [{"XMLKey": entry.xml_log_key}])
    try:
        document = read_document(db, xml)
    except DocumentError as exc:
        entry.status, entry.error, entry.response = exc.status, exc.message, exc.message
        return CallResult(rowsets=[_status("ERROR", exc.message), key_rowset])
    entry.document_id = document.order_id[:50]
    if db.on_import_added is not None:
        db.on_import_added(entry.xml_log_key)
    return CallResult(
        rowsets=[
            _status(
                "OK",
                f"XML-Dokument {entry.xml_log_key} gespeichert, Import über Kanal {channel.channel_ref} "
                "folgt.",
            ),
            key_rowset,
        ]
    )


def process(db: PixiDatabase, xml_log_key: int) -> tuple[str, str]:
    """Import one stored document now, if it is still waiting. Returns (Status, Message)."""
    entry = db.imports.get(xml_log_key)
    if entry is None:
        return "ERROR", f"XMLLogKey {xml_log_key} wurde nicht gefunden."
    if entry.status == "XIM":
        return "OK", f"XML-Dokument {xml_log_key} wurde bereits importiert (Auftrag {entry.order_nr})."
    if entry.status in PROCESSABLE:
        import_document(db, entry)
    if entry.status == "XIM":
        return "OK", f"XML-Dokument {xml_log_key} importiert: Auftrag {entry.order_nr} angelegt."
    return "ERROR", f"XML-Dokument {xml_log_key} nicht importiert ({entry.status}): {entry.error}"


@handles("pixiImportProcessXML")
def import_process_xml(db: PixiDatabase, args: Args) -> CallResult:
    status, message = (
        process(db, args["XMLLogKey"]) if args["XMLLogKey"] is not None else ("ERROR", "XMLLogKey fehlt.")
    )
    return CallResult(rowsets=[_status(status, message)])


@handles("pixiImportFindXML")
def import_find_xml(db: PixiDatabase, args: Args) -> CallResult:
    wanted = (args["Id"] or "").strip().casefold()
    kind = (args["Type"] or "order").strip().casefold()
    entries = [
        e
        for e in db.imports.values()
        if e.document_id.casefold() == wanted
        and e.type == kind
        and (args["Channel"] is None or e.channel_ref == args["Channel"])
    ]
    entries.sort(key=lambda e: e.xml_log_key, reverse=True)
    rows = [
        {
            "XMLLogKey": e.xml_log_key,
            "Id": e.document_id,
            "Type": e.type,
            "Channel": e.channel_ref,
            "Status": e.status,
            "Error": e.error,
            "Request": e.request,
            "Response": e.response,
            "CreateDate": e.create_date,
            "UpdateDate": e.update_date,
            "XmlResponseCastErrorNr": 0,
            "OrderNr": e.order_nr,
        }
        for e in entries
    ]
    return CallResult(rowsets=[RowSet(IMPORT_STATUS_COLUMNS, rows)])
