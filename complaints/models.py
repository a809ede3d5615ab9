"""Complaints (投诉受理), residents' ratings (好差评) and accountability (过错责任追究)."""
