"""The camera coach in the web app: a video attached to a logged set, analysed by a background
job (``kneecoach worker``), its counted reps offered for the person to confirm."""
