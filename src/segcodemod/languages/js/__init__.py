"""The JS/TS language (TypeScript, TSX, JavaScript; browser and Node): `frontend.py`."""
