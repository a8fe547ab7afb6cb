"""The application layer: every use case of Beleidsgeheugen, once.

The command line (:mod:`cli`) and the web app (:mod:`web`) parse input, call a
function here and render what it returns. This is the only package that imports
several stages; :mod:`app.compose` is the composition root that builds the
stage list, the embedder and the chat model from :class:`beleid.config.Settings`.
"""
